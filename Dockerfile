# syntax=docker/dockerfile:1
# Build: a static binary (no cgo), with the time zone database embedded.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/partnerbot ./cmd/partnerbot \
 && mkdir -p /out/data

# Run: distroless static, non-root, the database on a volume.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/partnerbot /usr/local/bin/partnerbot
COPY --from=build --chown=65532:65532 /out/data /var/lib/partnerbot
COPY config.example.toml /etc/partnerbot/config.example.toml
USER 65532:65532
VOLUME ["/var/lib/partnerbot"]
EXPOSE 8080
ENV PARTNERBOT_LISTEN=0.0.0.0:8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/usr/local/bin/partnerbot", "healthcheck", "--url", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/usr/local/bin/partnerbot"]
CMD ["serve", "--config", "/etc/partnerbot/config.toml"]
