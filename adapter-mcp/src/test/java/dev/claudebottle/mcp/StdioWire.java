package dev.claudebottle.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The supervise server's stdio session driven line by line, as a hostile or sloppy client would. */
final class StdioWire implements AutoCloseable {
    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"%s\",\"capabilities\":{},\"clientInfo\":{\"name\":\"wire\",\"version\":\"1\"}}}";

    private final OutputStream toServer;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread server;
    private volatile Throwable failure;

    StdioWire(SuperviseServer supervise) throws IOException {
        PipedInputStream serverIn = new PipedInputStream(1 << 20);
        toServer = new PipedOutputStream(serverIn);
        PipedInputStream fromServer = new PipedInputStream(1 << 20);
        PipedOutputStream serverOut = new PipedOutputStream(fromServer);
        server = Thread.ofPlatform().daemon().start(() -> {
            try {
                supervise.serveStdio(serverIn, serverOut);
            } catch (Throwable e) {
                failure = e;
            } finally {
                try {
                    serverOut.close();
                } catch (IOException ignored) {
                    // the reader sees the end either way
                }
            }
        });
        Thread.ofPlatform().daemon().start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the server closed its end
            }
        });
    }

    StdioWire initialized(String revision) throws Exception {
        send(INITIALIZE.formatted(revision));
        Map<String, Object> answer = receive();
        if (!answer.containsKey("result")) {
            throw new AssertionError("initialize failed: " + answer);
        }
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return this;
    }

    void send(String line) throws IOException {
        toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        toServer.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        toServer.write(bytes);
        toServer.flush();
    }

    String receiveLine() throws InterruptedException {
        String line = lines.poll(10, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("no line from the server within 10 s");
        }
        return line;
    }

    Map<String, Object> receive() throws Exception {
        return McpJsonDefaults.getMapper().readValue(receiveLine(), NodeAgents.REPORT);
    }

    Object receiveAny() throws Exception {
        return McpJsonDefaults.getMapper().readValue(receiveLine(), Object.class);
    }

    String poll(Duration within) throws InterruptedException {
        return lines.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    void endInput() throws IOException {
        toServer.close();
    }

    /** True when serveStdio returned within the time. */
    boolean ended(Duration within) throws InterruptedException {
        server.join(within.toMillis());
        if (failure != null) {
            throw new AssertionError("serveStdio failed", failure);
        }
        return !server.isAlive();
    }

    @Override
    public void close() throws Exception {
        try {
            toServer.close();
        } catch (IOException ignored) {
            // already closed
        }
        server.join(10_000);
    }
}
