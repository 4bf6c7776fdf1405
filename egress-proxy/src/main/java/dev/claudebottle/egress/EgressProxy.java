package dev.claudebottle.egress;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A running egress-proxy: listening, deciding every request against the live routes policy,
 * reloading on request, draining on shutdown. Thread-safe.
 */
public final class EgressProxy implements AutoCloseable {
    private final ProxyOptions options;
    private final LivePolicy policy;
    private final StatusFile status;
    private final DecisionLog decisions;
    private final ConnectionTracker connections;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final ExecutorService dns;
    private final ExecutorService reloads;
    private final AtomicBoolean reloadQueued = new AtomicBoolean();
    private final ReloadPacing reloadPacing = ReloadPacing.system();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Channel server;
    private final CertificateAuthority ca;
    private final java.util.Optional<KubernetesMode> kubernetes;

    private EgressProxy(ProxyOptions options, Function<String, String> handedOver) throws IOException, InterruptedException {
        this.options = options;
        ProxyAuthentication authentication = ProxyAuthentication.of(options.proxyAuthFile()); // first: a bad file starts nothing
        Clock clock = Clock.systemUTC();
        this.ca = CertificateAuthority.loadOrCreate(options.caDir());
        if (options.kubernetes().isPresent()) {
            KubernetesMode mode = KubernetesMode.open(options.kubernetes().get(), ca.certificatePem());
            this.kubernetes = java.util.Optional.of(mode);
            this.status = new StatusFile(mode.status);
            this.policy = new LivePolicy(mode.routes, options.secretsDir(), handedOver, status, clock);
        } else {
            this.kubernetes = java.util.Optional.empty();
            this.status = new StatusFile(options.status());
            this.policy = new LivePolicy(options.routes(), options.secretsDir(), handedOver, status, clock);
        }
        this.decisions = DecisionLog.open(options.decisionLog(), clock);
        this.connections = new ConnectionTracker(options.limits().maxConnections());
        this.dns = Executors.newVirtualThreadPerTaskExecutor();
        this.reloads = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "egress-proxy-reload");
            t.setDaemon(true);
            return t;
        });
        UpstreamConnector connector = new UpstreamConnector(UpstreamTrust.clientContext(options.upstreamCas()),
                options.limits().connectTimeout(), options.limits().idleTimeout(), dns);
        ProxyServices services = new ProxyServices(policy, ca, connector, decisions, connections, options.limits(), authentication);

        if (policy.reload() instanceof LivePolicy.Outcome.Rejected rejected) {
            System.err.println("egress-proxy: starting with deny-all routes: " + rejected.error());
        }
        this.acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        try {
            this.server = new ServerBootstrap()
                    .group(acceptors, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, UpstreamConnector.WATER_MARK)
                    .childHandler(new ProxyInitializer(services))
                    .bind(options.listen()).sync().channel();
        } catch (InterruptedException e) {
            shutdownThreads();
            kubernetes.ifPresent(KubernetesMode::close);
            throw e;
        } catch (Exception e) { // Netty rethrows bind failures (checked BindException) unchecked
            shutdownThreads();
            kubernetes.ifPresent(KubernetesMode::close);
            throw new IOException("cannot listen on " + options.listen() + ": " + e.getMessage(), e);
        }
        status.markListening(address().getHostString() + ":" + address().getPort());
        policy.writeStatus();
        kubernetes.ifPresent(mode -> mode.routes.watch(policy));
    }

    /** Loads the CA (creating it on first start), loads the routes (deny-all when missing or invalid) and listens. */
    public static EgressProxy start(ProxyOptions options) throws IOException, InterruptedException {
        if (options.secretsFromStdin()) {
            java.util.Map<String, String> secrets = HandedOverSecrets.read(System.in);
            return new EgressProxy(options, secrets::get);
        }
        return new EgressProxy(options, name -> null);
    }

    /**
     * As {@link #start(ProxyOptions)}, with {@code handedOver} as the secrets given at start (after
     * {@code --secrets-dir}); the environment is never consulted.
     */
    public static EgressProxy start(ProxyOptions options, Function<String, String> handedOver) throws IOException, InterruptedException {
        return new EgressProxy(options, handedOver);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    public CertificateAuthority certificateAuthority() {
        return ca;
    }

    /**
     * Asks for a reload (what SIGHUP does) without waiting; also reopens a file decision log. Requests that arrive while a reload is
     * queued fold into it; one arriving during a reload queues another, so the file as it is after
     * the last request is always read. Back-to-back reloads are paced ({@link ReloadPacing}) so they
     * cannot take the CPUs from the event loops.
     */
    public void requestReload() {
        if (reloadQueued.compareAndSet(false, true)) {
            reloads.execute(() -> {
                try {
                    reloadPacing.awaitTurn();
                } catch (InterruptedException closing) {
                    Thread.currentThread().interrupt();
                    return;
                }
                // cleared only now, so requests that arrive during the pause fold into this reload
                reloadQueued.set(false);
                reloadPacing.run(() -> {
                    decisions.reopen();
                    policy.reload();
                });
            });
        }
    }

    /** Reloads now, on the caller's thread; true when the file was valid and is now in force. */
    public boolean reloadNow() {
        return policy.reload() instanceof LivePolicy.Outcome.Loaded;
    }

    /** The routes generation in force (0 = start-up deny-all). */
    public long generation() {
        return policy.current().generation();
    }

    /**
     * What SIGTERM does: stops accepting, lets in-flight requests finish (up to the drain timeout),
     * then closes everything. Returns true when every connection finished in time.
     */
    public boolean drain() throws InterruptedException {
        return drain(options.limits().drainTimeout());
    }

    public boolean drain(Duration timeout) throws InterruptedException {
        if (closed.get()) {
            return true;
        }
        status.markDraining();
        policy.writeStatus();
        server.close().sync();
        boolean clean = connections.drain(timeout);
        close();
        return clean;
    }

    /** Blocks until the proxy has been closed. */
    public void awaitClosed() throws InterruptedException {
        server.closeFuture().sync();
        workers.terminationFuture().sync();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.close().awaitUninterruptibly();
            shutdownThreads();
            decisions.close();
            kubernetes.ifPresent(KubernetesMode::close);
        }
    }

    private void shutdownThreads() {
        acceptorsAndWorkers().forEach(g -> g.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS));
        dns.shutdownNow();
        reloads.shutdownNow();
    }

    private java.util.List<EventLoopGroup> acceptorsAndWorkers() {
        java.util.List<EventLoopGroup> groups = new java.util.ArrayList<>();
        if (acceptors != null) {
            groups.add(acceptors);
        }
        if (workers != null) {
            groups.add(workers);
        }
        return groups;
    }
}
