// Package chart draws the partnership's pictures as PNG: poll results as
// horizontal bars, instant-runoff rounds as a grid of small panels, consent
// polls as one stacked bar, and the provision map as a heat map of themes by
// areas.
//
// It is platform-neutral: capabilities call it and put the bytes in
// bot.Reply.Image; adapters upload them. It imports neither.
//
// Every renderer has a pure companion (BarsSpec, RoundsSpec, ConsentSpec,
// HeatMapSpec) that computes what will be drawn — the labels as shown, the
// scaled lengths, the canvas size — so tests can compare chart data against
// golden files without comparing pixels. The renderers draw exactly their
// spec with go-analyze/charts' chartdraw raster renderer (pure Go, embedded
// Noto Sans with a symbol-font fallback; characters no font has, such as most
// emoji, are left out rather than drawn as boxes), so the same input always
// gives the same bytes on a given platform.
//
// Colours are from the Okabe–Ito colour-blind-safe palette, every filled
// area that carries text meets WCAG 2.2 AA contrast (4.5:1) with that text,
// and nothing is told by colour alone: bars carry counts, heat-map cells
// carry labels, and each chart with colours has a legend.
package chart
