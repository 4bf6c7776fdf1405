package dev.claudebottle.mcp;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The MCP servlet behind the {@link HttpGate}, in an embedded Jetty on one address. */
final class JettyListening implements SuperviseServer.Listening {
    private final Server server;
    private final URI endpoint;
    private final Runnable onStop;

    private JettyListening(Server server, URI endpoint, Runnable onStop) {
        this.server = server;
        this.endpoint = endpoint;
        this.onStop = onStop;
    }

    static JettyListening start(InetSocketAddress address, HttpServlet mcp, HttpGate gate, HttpProtocolGate protocol,
            Duration idleTimeout,
            Runnable onStop) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(400, 8);
        threads.setName("supervise-http");
        Server server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(idleTimeout.toMillis());
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(gate), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(protocol), "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder holder = new ServletHolder(mcp);
        holder.setAsyncSupported(true);
        context.addServlet(holder, SdkSuperviseServer.ENDPOINT);
        server.setHandler(context);
        server.setStopTimeout(2_000);
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly(server);
            throw e;
        } catch (Exception e) {
            stopQuietly(server);
            throw new IOException("cannot listen on " + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage(), e);
        }
        String host = address.getHostString().contains(":") ? "[" + address.getHostString() + "]" : address.getHostString();
        URI endpoint = URI.create("http://" + host + ":" + connector.getLocalPort() + SdkSuperviseServer.ENDPOINT);
        return new JettyListening(server, endpoint, onStop);
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void awaitStop() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        try {
            onStop.run();
        } finally {
            stopQuietly(server);
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort; the process is usually exiting
        }
    }
}
