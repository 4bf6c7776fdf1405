package dev.claudebottle.egress;

import java.io.IOException;
import sun.misc.Signal;

/**
 * {@code egress-proxy}: parses the command line, starts the proxy, reloads routes on SIGHUP and
 * drains on SIGTERM/SIGINT. Exit codes: 0 after a drain, 2 usage error, 3 could not start.
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
        EgressProxy proxy;
        try {
            proxy = EgressProxy.start(options);
        } catch (IOException | RuntimeException e) {
            System.err.println("egress-proxy: cannot start: " + e.getMessage());
            System.exit(3);
            return;
        }
        // sun.misc.Signal is the only JDK way to observe SIGHUP; jdk.unsupported exports it for this purpose.
        Signal.handle(new Signal("HUP"), signal -> proxy.requestReload());
        Signal.handle(new Signal("TERM"), signal -> drainAndExit(proxy));
        Signal.handle(new Signal("INT"), signal -> drainAndExit(proxy));
        System.err.println("egress-proxy: listening on " + proxy.address().getHostString() + ":" + proxy.address().getPort()
                + " (routes generation " + proxy.generation() + ", CA " + options.caDir().resolve(CertificateAuthority.CERT_FILE) + ")");
        proxy.awaitClosed();
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
