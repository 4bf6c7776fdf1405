// Command loadclient is the proxy load harness's independent load client: HTTPS/1.1 GETs to one upstream, directly or
// through an HTTP CONNECT proxy that intercepts TLS, verifying every certificate against the given CA file(s).
// Standard library only. It prints "START" on stdout when the measured window begins (after any warm-up) and then one
// JSON line of results; see benchmarks/README.md for the workloads.
package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

type options struct {
	workload      string
	proxy         string
	host          string
	port          int
	path          string
	auth          string
	expect        int64
	conns         int
	rate          float64
	idle          int
	warmup        time.Duration
	measure       time.Duration
	resumeAllowed bool
	tls           *tls.Config
}

// Result is the one JSON line the client prints.
type Result struct {
	Workload    string  `json:"workload"`
	Count       int64   `json:"count"`
	Errors      int64   `json:"errors"`
	FirstError  string  `json:"first_error,omitempty"`
	Seconds     float64 `json:"seconds"`
	Bytes       int64   `json:"bytes"`
	Throughput  float64 `json:"throughput"`
	Unit        string  `json:"unit"`
	P50Millis   float64 `json:"p50_ms"`
	P99Millis   float64 `json:"p99_ms"`
	P999Millis  float64 `json:"p999_ms"`
	IdleHeld    int     `json:"idle_held"`
	Resumptions int64   `json:"resumed_handshakes"`
}

func main() {
	o := options{}
	var caFiles string
	var warmup, seconds float64
	flag.StringVar(&o.workload, "workload", "keepalive", "keepalive | paced | newconn | download | idle")
	flag.StringVar(&o.proxy, "proxy", "", "host:port of the HTTP CONNECT proxy (empty: direct)")
	flag.StringVar(&o.host, "host", "localhost", "upstream host name (SNI, certificate name, Host header)")
	flag.IntVar(&o.port, "port", 0, "upstream port")
	flag.StringVar(&o.path, "path", "/small", "request path")
	flag.StringVar(&o.auth, "auth", "Bearer agent-fake", "Authorization header value to send")
	flag.Int64Var(&o.expect, "expect-bytes", -1, "required body length (-1: any)")
	flag.IntVar(&o.conns, "conns", 16, "concurrent connections (active clients)")
	flag.Float64Var(&o.rate, "rate", 0, "total requests/s for the paced workload")
	flag.IntVar(&o.idle, "idle", 1000, "idle connections held by the idle workload")
	flag.Float64Var(&warmup, "warmup", 0, "warm-up seconds, not measured")
	flag.Float64Var(&seconds, "seconds", 10, "measured seconds")
	flag.StringVar(&caFiles, "ca", "", "PEM file(s) of trusted CAs, comma separated")
	flag.Parse()
	o.warmup = time.Duration(warmup * float64(time.Second))
	o.measure = time.Duration(seconds * float64(time.Second))
	pool := x509.NewCertPool()
	for _, f := range splitComma(caFiles) {
		pem, err := os.ReadFile(f)
		if err != nil || !pool.AppendCertsFromPEM(pem) {
			fail("no CA certificate read from %s: %v", f, err)
		}
	}
	// Verification is Go's default: chain to the given CAs and the name matched against -host. On new-connection
	// workloads no session cache is set and tickets are disabled, so every request pays a full handshake.
	o.tls = &tls.Config{RootCAs: pool, ServerName: o.host, NextProtos: []string{"http/1.1"}, MinVersion: tls.VersionTLS12}
	if o.workload == "newconn" {
		o.tls.SessionTicketsDisabled = true
		o.tls.ClientSessionCache = nil
	} else {
		o.tls.ClientSessionCache = tls.NewLRUClientSessionCache(64)
	}
	if o.port <= 0 {
		fail("-port is required")
	}
	r := run(&o)
	line, _ := json.Marshal(r)
	fmt.Println(string(line))
}

func run(o *options) Result {
	unit := "req/s"
	if o.workload == "download" {
		unit = "MiB/s"
	}
	s := &stats{}
	var held []*conn
	if o.workload == "idle" {
		held = openIdle(o, s)
		defer func() {
			for _, c := range held {
				c.close()
			}
		}()
	}
	if o.warmup > 0 {
		phase(o, o.warmup, nil)
	}
	fmt.Println("START")
	start := time.Now()
	phase(o, o.measure, s)
	secs := time.Since(start).Seconds()
	lat := s.merged()
	r := Result{Workload: o.workload, Count: int64(len(lat)), Errors: s.errors, FirstError: s.firstError, Seconds: secs,
		Bytes: s.bytes, Unit: unit, P50Millis: quantile(lat, 0.5), P99Millis: quantile(lat, 0.99),
		P999Millis: quantile(lat, 0.999), IdleHeld: len(held), Resumptions: s.resumed}
	if unit == "MiB/s" {
		r.Throughput = float64(s.bytes) / 1048576 / secs
	} else {
		r.Throughput = float64(len(lat)) / secs
	}
	return r
}

// stats collects one phase's outcomes; each worker appends to its own latency slice.
type stats struct {
	mu         sync.Mutex
	latencies  [][]int64
	errors     int64
	firstError string
	bytes      int64
	resumed    int64
}

func (s *stats) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errors++
	if s.firstError == "" {
		s.firstError = err.Error()
	}
}

func (s *stats) merged() []int64 {
	var all []int64
	for _, l := range s.latencies {
		all = append(all, l...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	return all
}

// quantile by nearest rank, in milliseconds (the harness's Java Latencies uses the same rule).
func quantile(sorted []int64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(float64(len(sorted))*q+0.999999999) - 1
	if rank < 0 {
		rank = 0
	}
	if rank >= len(sorted) {
		rank = len(sorted) - 1
	}
	return float64(sorted[rank]) / 1e6
}

func phase(o *options, length time.Duration, s *stats) {
	deadline := time.Now().Add(length)
	var wg sync.WaitGroup
	results := make([][]int64, o.conns)
	for i := 0; i < o.conns; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i] = worker(o, deadline, s)
		}(i)
	}
	wg.Wait()
	if s != nil {
		s.latencies = results
	}
}

// worker is one client: back to back on one kept-alive connection, paced, or one new connection per request.
func worker(o *options, deadline time.Time, s *stats) []int64 {
	lat := make([]int64, 0, 4096)
	var c *conn
	defer func() {
		if c != nil {
			c.close()
		}
	}()
	var interval time.Duration
	next := time.Now()
	if o.workload == "paced" {
		interval = time.Duration(float64(o.conns) * 1e9 / maxf(1, o.rate))
	}
	for time.Now().Before(deadline) {
		start := time.Now()
		if interval > 0 {
			next = next.Add(interval)
			if wait := time.Until(next); wait > 0 {
				time.Sleep(wait)
			}
			// latency runs from the scheduled start: a stall is charged for every request it delayed
			start = next
		}
		var err error
		var n int64
		if c == nil || o.workload == "newconn" {
			if c != nil {
				c.close()
				c = nil
			}
			c, err = dial(o)
			if err == nil && s != nil && c.tls.ConnectionState().DidResume {
				atomic.AddInt64(&s.resumed, 1)
			}
		}
		if err == nil {
			n, err = c.get(o)
		}
		if err != nil {
			if c != nil {
				c.close()
				c = nil
			}
			if s != nil {
				s.fail(err)
			}
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if s != nil {
			lat = append(lat, int64(time.Since(start)))
			atomic.AddInt64(&s.bytes, n)
		}
		if c.mustClose {
			c.close()
			c = nil
		}
	}
	return lat
}

// openIdle opens o.idle connections (8 at a time), each with one successful GET, and returns those that opened to be
// held; each one that failed counts as an error of the run.
func openIdle(o *options, s *stats) []*conn {
	held := make([]*conn, o.idle)
	var next int64 = -1
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := atomic.AddInt64(&next, 1)
				if i >= int64(o.idle) {
					return
				}
				c, err := dial(o)
				if err == nil {
					_, err = c.get(o)
				}
				if err != nil {
					s.fail(fmt.Errorf("opening an idle connection: %w", err))
					if c != nil {
						c.close()
					}
					continue
				}
				held[i] = c
			}
		}()
	}
	wg.Wait()
	var opened []*conn
	for _, c := range held {
		if c != nil {
			opened = append(opened, c)
		}
	}
	return opened
}

type conn struct {
	raw       net.Conn
	tls       *tls.Conn
	br        *bufio.Reader
	request   []byte
	mustClose bool
}

func dial(o *options) (*conn, error) {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(o.port))
	if o.proxy != "" {
		addr = o.proxy
	}
	raw, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return nil, err
	}
	_ = raw.SetDeadline(time.Now().Add(60 * time.Second))
	if o.proxy != "" {
		target := net.JoinHostPort(o.host, strconv.Itoa(o.port))
		if _, err := io.WriteString(raw, "CONNECT "+target+" HTTP/1.1\r\nHost: "+target+"\r\n\r\n"); err != nil {
			raw.Close()
			return nil, err
		}
		br := bufio.NewReaderSize(raw, 4096)
		resp, err := http.ReadResponse(br, &http.Request{Method: "CONNECT"})
		if err != nil {
			raw.Close()
			return nil, fmt.Errorf("CONNECT: %w", err)
		}
		if resp.StatusCode != 200 {
			raw.Close()
			return nil, fmt.Errorf("proxy refused CONNECT: %s", resp.Status)
		}
		if br.Buffered() > 0 {
			raw.Close()
			return nil, errors.New("proxy sent bytes after its CONNECT answer")
		}
	}
	t := tls.Client(raw, o.tls)
	if err := t.Handshake(); err != nil {
		raw.Close()
		return nil, err
	}
	_ = raw.SetDeadline(time.Time{})
	req := "GET " + o.path + " HTTP/1.1\r\nHost: " + net.JoinHostPort(o.host, strconv.Itoa(o.port)) + "\r\nAuthorization: " +
		o.auth + "\r\n\r\n"
	return &conn{raw: raw, tls: t, br: bufio.NewReaderSize(t, 64*1024), request: []byte(req)}, nil
}

// get sends the GET and reads the whole answer; an error unless the status is 200 and the body has the expected length.
func (c *conn) get(o *options) (int64, error) {
	_ = c.raw.SetDeadline(time.Now().Add(60 * time.Second))
	if _, err := c.tls.Write(c.request); err != nil {
		return 0, err
	}
	resp, err := http.ReadResponse(c.br, nil)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return n, err
	}
	if resp.StatusCode != 200 {
		return n, fmt.Errorf("status: %s", resp.Status)
	}
	if o.expect >= 0 && n != o.expect {
		return n, fmt.Errorf("body of %d bytes, expected %d", n, o.expect)
	}
	c.mustClose = resp.Close
	_ = c.raw.SetDeadline(time.Time{})
	return n, nil
}

func (c *conn) close() {
	_ = c.raw.Close()
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}

func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "loadclient: "+format+"\n", args...)
	os.Exit(2)
}
