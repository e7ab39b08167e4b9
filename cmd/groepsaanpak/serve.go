package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/api"
	"github.com/groepsaanpak/groepsaanpak/demo"
	"github.com/groepsaanpak/groepsaanpak/federation"
	"github.com/groepsaanpak/groepsaanpak/passkey"
	"github.com/groepsaanpak/groepsaanpak/web"
)

// envPprof turns on the runtime profiles for administrators, as --pprof does.
const envPprof = "GROEPSAANPAK_PPROF"

// envOIDCConfig names the federated login configuration file when
// --oidc-config is not given.
const envOIDCConfig = "GROEPSAANPAK_OIDC_CONFIG"

// envPublicURL names the public address when --public-url is not given.
const envPublicURL = "GROEPSAANPAK_PUBLIC_URL"

func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "serve", "serve [--demo] [--addr ADRES] [--data MAP] [--database URL] [--tls-cert BESTAND --tls-key BESTAND] [--oidc-config BESTAND] [--public-url URL]")
	var db dbFlags
	db.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "adres waarop de server luistert")
	withDemo := fs.Bool("demo", false, "laad een democonvenant met demogebruikers als de database leeg is")
	tlsCert := fs.String("tls-cert", "", "TLS-certificaat (PEM); met --tls-key bedient de server HTTPS")
	tlsKey := fs.String("tls-key", "", "TLS-sleutel (PEM)")
	profiling := fs.Bool("pprof", false, "bied runtimeprofielen (pprof) aan beheerders aan op /debug/pprof/ (standaard uit; ook met $"+envPprof+"=1)")
	oidcConfig := fs.String("oidc-config", "", "configuratie van het inloggen via de inlogdiensten van partners (JSON; ook "+envOIDCConfig+")")
	publicURL := fs.String("public-url", "", "adres waarop gebruikers de applicatie bereiken (https://…); zet passkeys aan (ook "+envPublicURL+")")
	behindProxy := fs.Bool("behind-tls-proxy", false, "de server staat achter een proxy die TLS afhandelt (veilige cookies en HSTS)")
	sched := jobs{rule: ga.DefaultReadVolumeRule}
	sched.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("onverwacht argument %q", fs.Arg(0))
	}
	if (*tlsCert == "") != (*tlsKey == "") {
		return usageErr("geef --tls-cert en --tls-key samen")
	}
	if *oidcConfig == "" {
		*oidcConfig = e.getenv(envOIDCConfig)
	}
	var fed *federation.Federation
	if *oidcConfig != "" {
		cfg, err := federation.Load(*oidcConfig, federation.Environment{Getenv: e.getenv})
		if err != nil {
			return err
		}
		fed = federation.New(cfg, federation.Options{})
	}
	if *publicURL == "" {
		*publicURL = e.getenv(envPublicURL)
	}
	var keys *passkey.Service
	if *publicURL != "" {
		var err error
		if keys, err = passkey.New(passkey.Config{PublicURL: *publicURL}); err != nil {
			return err
		}
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))

	store, err := db.open(ctx, e)
	if err != nil {
		return err
	}
	defer store.Close()

	if *withDemo {
		logins, err := demo.LoadIfEmpty(ga.WithActor(ctx, ga.SystemActor("demo")), store)
		if err != nil {
			return fmt.Errorf("demogegevens laden: %w", err)
		}
		demo.PrintLogins(e.stdout, logins)
	}

	sched.store, sched.logger, sched.witness = store, logger, filepath.Join(db.data, "keys", "log.witness")
	jobCtx, stopJobs := context.WithCancel(ctx)
	defer stopJobs()
	sched.start(jobCtx)

	useTLS := *tlsCert != ""
	apiHandler := api.New(api.Config{DB: store, Logger: logger, Version: version, TLS: useTLS || *behindProxy})
	handler, err := web.New(web.Config{DB: store, API: apiHandler, Logger: logger, TLS: useTLS || *behindProxy, Version: version,
		Profiling: *profiling || e.getenv(envPprof) == "1", Federation: fed, Passkeys: keys})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("luisteren op %s: %w", *addr, err)
	}
	srv := httpServer(handler, logger)
	scheme := "http"
	if useTLS {
		scheme = "https"
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	fmt.Fprintf(e.stdout, "Groepsaanpak %s luistert op %s://%s\n", version, scheme, ln.Addr())

	errc := make(chan error, 1)
	go func() {
		if useTLS {
			errc <- srv.ServeTLS(ln, *tlsCert, *tlsKey)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "Groepsaanpak is gestopt.")
	return nil
}

// httpServer is the HTTP server with its limits: a client must send its
// headers within 10 seconds (slow-loris), its whole request within a
// minute, and gets its answer within two; idle connections close after two
// minutes; headers are at most 64 KiB (bodies are limited by the handlers).
func httpServer(handler http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}
