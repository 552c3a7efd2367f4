package web

import (
	"sync"
	"time"
)

// Login rate limits: after maxFailures wrong passwords within window for
// one username, or maxAddressFailures from one address, further attempts
// are refused until the oldest failure leaves the window.
const (
	loginWindow        = 15 * time.Minute
	maxFailures        = 5
	maxAddressFailures = 20
)

// loginLimiter counts recent failed logins per username and per address.
// It lives in memory: a restart forgets it, which only helps someone who
// can already restart the clinic's PC.
type loginLimiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

func newLoginLimiter() *loginLimiter {
	return &loginLimiter{failures: map[string][]time.Time{}}
}

// wait returns how long the caller must wait before trying to log in as
// username from addr, or 0.
func (l *loginLimiter) wait(username, addr string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	w1 := l.waitFor("u:"+username, maxFailures, now)
	w2 := l.waitFor("a:"+addr, maxAddressFailures, now)
	return max(w1, w2)
}

func (l *loginLimiter) waitFor(key string, limit int, now time.Time) time.Duration {
	recent := l.prune(key, now)
	if len(recent) < limit {
		return 0
	}
	return recent[len(recent)-limit].Add(loginWindow).Sub(now)
}

// prune drops failures older than the window and returns the rest.
func (l *loginLimiter) prune(key string, now time.Time) []time.Time {
	list := l.failures[key]
	i := 0
	for i < len(list) && now.Sub(list[i]) >= loginWindow {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(l.failures, key)
	} else {
		l.failures[key] = list
	}
	return list
}

// fail records a failed login.
func (l *loginLimiter) fail(username, addr string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, key := range []string{"u:" + username, "a:" + addr} {
		l.failures[key] = append(l.prune(key, now), now)
	}
}

// succeed forgets the username's failures after a good login.
func (l *loginLimiter) succeed(username string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, "u:"+username)
}
