package dev.claudebottle.egress;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code egress-proxy}: parses the command line, starts the proxy, reloads routes on SIGHUP and
 * drains on SIGTERM/SIGINT. Exit codes: 0 after a drain, 2 usage error, 3 could not start (also when
 * SIGHUP is ignored in the process, as under nohup: reloads would silently never happen).
 */
public final class EgressProxyMain {
    private EgressProxyMain() {}

    public static void main(String[] args) throws InterruptedException {
        ProxyOptions options;
        switch (ProxyOptions.parse(args)) {
            case ProxyOptions.Parsed.Help help -> {
                System.out.print(ProxyOptions.USAGE);
                return;
            }
            case ProxyOptions.Parsed.UsageError error -> {
                System.err.println("egress-proxy: " + error.message());
                System.err.print(ProxyOptions.USAGE);
                System.exit(2);
                return;
            }
            case ProxyOptions.Parsed.Run run -> options = run.options();
        }
        // sun.misc.Signal is the only JDK way to observe SIGHUP; jdk.unsupported exports it for this purpose.
        // The handler goes in before the proxy starts: a HUP in between is harmless (the file is read at start).
        AtomicReference<EgressProxy> started = new AtomicReference<>();
        if (Signal.handle(new Signal("HUP"), signal -> reload(started.get())) == SignalHandler.SIG_IGN) {
            // The JVM leaves a signal alone that was ignored when it started (nohup does that to SIGHUP).
            System.err.println("egress-proxy: cannot start: SIGHUP is ignored in this process (inherited from what started it,"
                    + " e.g. nohup), so the routes could never be reloaded; start it with SIGHUP at its default, e.g."
                    + " `env --default-signal=HUP egress-proxy ...`");
            System.exit(3);
            return;
        }
        EgressProxy proxy;
        try {
            proxy = EgressProxy.start(options);
        } catch (IOException | RuntimeException e) {
            System.err.println("egress-proxy: cannot start: " + e.getMessage());
            System.exit(3);
            return;
        }
        started.set(proxy);
        Signal.handle(new Signal("TERM"), signal -> drainAndExit(proxy));
        Signal.handle(new Signal("INT"), signal -> drainAndExit(proxy));
        System.err.println("egress-proxy: listening on " + proxy.address().getHostString() + ":" + proxy.address().getPort()
                + " (routes generation " + proxy.generation() + ", CA " + options.caDir().resolve(CertificateAuthority.CERT_FILE) + ")");
        proxy.awaitClosed();
    }

    private static void reload(EgressProxy proxy) {
        if (proxy != null) {
            proxy.requestReload();
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean DRAINING = new java.util.concurrent.atomic.AtomicBoolean();

    private static void drainAndExit(EgressProxy proxy) {
        if (!DRAINING.compareAndSet(false, true)) {
            return; // a second SIGTERM while draining changes nothing
        }
        Thread drainer = new Thread(() -> {
            try {
                boolean clean = proxy.drain();
                System.err.println("egress-proxy: drained " + (clean ? "cleanly" : "(timeout: remaining connections closed)"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.exit(0);
        }, "egress-proxy-drain");
        drainer.start();
    }
}
