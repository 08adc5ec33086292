package main

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"citynet/server"
)

// limitFlags registers the flags (and so the environment variables) of
// server.Limits. A limit left unset stays zero, which server.Limits reads as
// its default (server.DefaultLimits, shown in -help); "off" or 0 turns it
// off (stored as -1).
func limitFlags(fs *flag.FlagSet, c *server.Limits) {
	d := server.DefaultLimits()
	fs.Var(limitValue[int]{&c.MaxDepth, strconv.Atoi}, "max-depth",
		fmt.Sprintf("deepest nesting of fields (`levels`) a query may have; off = no limit (env MAX_DEPTH) (default %d)", d.MaxDepth))
	fs.Var(limitValue[int]{&c.MaxComplexity, strconv.Atoi}, "max-complexity",
		fmt.Sprintf("highest complexity (`points`) a query may have (a list counts its first or limit, else %d items); off = no limit (env MAX_COMPLEXITY) (default %d)",
			server.ListWeight, d.MaxComplexity))
	fs.Var(limitValue[int]{&c.MaxTokens, strconv.Atoi}, "max-tokens",
		fmt.Sprintf("most `tokens` a query document may have; off = no limit (env MAX_TOKENS) (default %d)", d.MaxTokens))
	fs.Var(limitValue[time.Duration]{&c.Timeout, time.ParseDuration}, "request-timeout",
		fmt.Sprintf("longest (`duration`) a GraphQL query or mutation may run (not subscriptions, exports or imports); off = no limit (env REQUEST_TIMEOUT) (default %v)", d.Timeout))
	fs.Var(limitValue[float64]{&c.Rate, parseRate}, "rate-limit",
		fmt.Sprintf("requests per second (`rate`) each client (its credential, else its address) may make on average; off = no limit (env RATE_LIMIT) (default %g)", d.Rate))
	fs.Var(limitValue[int]{&c.Burst, strconv.Atoi}, "rate-burst",
		fmt.Sprintf("`requests` a client may make at once before -rate-limit applies (env RATE_BURST) (default %d)", d.Burst))
	fs.Var(limitValue[int]{&c.MaxClients, strconv.Atoi}, "rate-clients",
		fmt.Sprintf("`clients` whose rate is tracked at once; past it the least recent are forgotten (env RATE_CLIENTS) (default %d)", d.MaxClients))
	fs.Var(proxiesValue{&c.TrustedProxies}, "trusted-proxies",
		"comma-separated `addresses` or CIDR prefixes of reverse proxies whose X-Forwarded-For names the client; empty = trust none (env TRUSTED_PROXIES)")
	fs.BoolFunc("introspection", "answer introspection queries, which GraphiQL needs; false refuses them (env INTROSPECTION) (default true)",
		func(s string) error {
			on, err := strconv.ParseBool(s)
			if err == nil {
				c.NoIntrospection = !on
			}
			return err
		})
}

// checkLimits reports values of server.Limits that cannot work: the rate
// limiter's bucket size and client count cannot be turned off.
func checkLimits(c server.Limits) []error {
	var errs []error
	if c.Burst < 0 {
		errs = append(errs, errors.New("RATE_BURST / -rate-burst must be at least 1 (turn rate limiting off with RATE_LIMIT=off)"))
	}
	if c.MaxClients < 0 {
		errs = append(errs, errors.New("RATE_CLIENTS / -rate-clients must be at least 1 (turn rate limiting off with RATE_LIMIT=off)"))
	}
	return errs
}

// limitValue is a flag for a limit: a positive number, or "off" or 0
// (stored as -1, which server.Limits reads as off). Unset, the field stays
// zero: the default.
type limitValue[T int | float64 | time.Duration] struct {
	p     *T
	parse func(string) (T, error)
}

func (v limitValue[T]) String() string {
	switch {
	case v.p == nil || *v.p == 0:
		return ""
	case *v.p < 0:
		return "off"
	}
	if d, ok := any(*v.p).(time.Duration); ok {
		return d.String()
	}
	return fmt.Sprint(*v.p)
}

func (v limitValue[T]) Set(s string) error {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "off") {
		*v.p = -1
		return nil
	}
	x, err := v.parse(s)
	switch {
	case err != nil:
		return errors.New(`want a number or "off"`)
	case x < 0:
		return errors.New(`must not be negative ("off" turns the limit off)`)
	case x == 0:
		x = -1
	}
	*v.p = x
	return nil
}

func parseRate(s string) (float64, error) {
	r, err := strconv.ParseFloat(s, 64)
	if err == nil && (math.IsNaN(r) || math.IsInf(r, 0)) {
		err = errors.New("not a finite number")
	}
	return r, err
}

// proxiesValue is a comma-separated list of addresses and CIDR prefixes.
type proxiesValue struct{ p *[]netip.Prefix }

func (v proxiesValue) String() string {
	if v.p == nil {
		return ""
	}
	s := make([]string, len(*v.p))
	for i, p := range *v.p {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

func (v proxiesValue) Set(s string) error {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			ip, err2 := netip.ParseAddr(f)
			if err2 != nil {
				return fmt.Errorf("%q is not an address or CIDR prefix (10.0.0.0/8, 127.0.0.1, ::1)", f)
			}
			p = netip.PrefixFrom(ip.Unmap(), ip.Unmap().BitLen())
		}
		out = append(out, p.Masked())
	}
	*v.p = out
	return nil
}
