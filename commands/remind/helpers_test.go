package remind

import "context"

var bgctx = context.Background()
