package web

import (
	"testing"

	"kpsicologia/app/internal/browsertest"
)

// TestMain shares one headless browser among the package's browser tests.
func TestMain(m *testing.M) {
	browsertest.Main(m)
}
