//go:build !race

package sqlite

// importRaceEnabled is true when the tests run under the race detector.
const importRaceEnabled = false
