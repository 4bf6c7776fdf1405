package dev.claudebottle.benchmarks.proxyload;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A minimal blocking HTTPS/1.1 client connection, directly or through CONNECT, with certificate
 * and host-name verification. Used so the harness controls exactly when connections and TLS
 * sessions are made (keep-alive, one per request, idle).
 */
final class HttpsConnection implements AutoCloseable {
    private final SSLSocket tls;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private final String authorization;

    private HttpsConnection(SSLSocket tls, String authorization) throws IOException {
        this.tls = tls;
        this.authorization = authorization;
        this.in = new BufferedInputStream(tls.getInputStream(), 64 * 1024);
        this.out = tls.getOutputStream();
    }

    static HttpsConnection open(Target target, String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        int connectPort = target.proxyPort().orElse(port);
        socket.connect(new InetSocketAddress("127.0.0.1", connectPort), 10_000);
        if (target.proxyPort().isPresent()) {
            OutputStream raw = socket.getOutputStream();
            raw.write(("CONNECT " + host + ":" + port + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            raw.flush();
            String head = readHead(socket.getInputStream());
            if (!head.startsWith("HTTP/1.1 200") && !head.startsWith("HTTP/1.0 200")) {
                socket.close();
                throw new IOException(target.name() + " refused CONNECT: " + head.lines().findFirst().orElse(""));
            }
        }
        SSLSocket tls = (SSLSocket) target.trust().getSocketFactory().createSocket(socket, host, port, true);
        SSLParameters params = tls.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(host)));
        params.setEndpointIdentificationAlgorithm("HTTPS");
        params.setApplicationProtocols(new String[] {"http/1.1"});
        tls.setSSLParameters(params);
        tls.startHandshake();
        return new HttpsConnection(tls, target.clientAuthorization());
    }

    /** GETs {@code path}; returns the body length; throws unless the status is 200. */
    long get(String host, int port, String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: " + authorization + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead(in);
        if (!head.startsWith("HTTP/1.1 200")) {
            throw new IOException("status: " + head.lines().findFirst().orElse(""));
        }
        long length = -1;
        boolean chunked = false;
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            long total = 0;
            while (true) {
                String size = readLine(in);
                long n = Long.parseLong(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailers
                    }
                    return total;
                }
                skip(n);
                readLine(in);
                total += n;
            }
        }
        if (length < 0) {
            throw new IOException("response without length");
        }
        skip(length);
        return length;
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (r < 0) {
                throw new IOException("connection closed with " + left + " body bytes missing");
            }
            left -= r;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (String line; !(line = readLine(in)).isEmpty(); ) {
            head.append(line).append("\r\n");
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        tls.close();
    }
}
