package dev.claudebottle.egress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A hand-driven client: CONNECT through the proxy, then TLS with a chosen SNI, then raw request
 * bytes. For requests real clients refuse to send (dot segments, mismatched Host or SNI).
 */
final class RawTunnel implements AutoCloseable {
    private final Socket socket;
    private final SSLSocket tls;

    private RawTunnel(Socket socket, SSLSocket tls) {
        this.socket = socket;
        this.tls = tls;
    }

    static RawTunnel open(int proxyPort, String connectAuthority, String sni, SSLContext trust) throws IOException {
        Socket socket = new Socket("127.0.0.1", proxyPort);
        socket.setSoTimeout(15_000);
        OutputStream out = socket.getOutputStream();
        out.write(("CONNECT " + connectAuthority + " HTTP/1.1\r\nHost: " + connectAuthority + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead(socket.getInputStream());
        if (!head.startsWith("HTTP/1.1 200")) {
            socket.close();
            throw new IOException("CONNECT refused: " + head);
        }
        SSLSocket tls = (SSLSocket) trust.getSocketFactory().createSocket(socket, sni, 443, true);
        SSLParameters params = tls.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(sni)));
        params.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(params);
        tls.startHandshake();
        return new RawTunnel(socket, tls);
    }

    /** Sends {@code request} verbatim and reads one response (Content-Length framed). */
    String exchange(String request) throws IOException {
        send(request);
        return readResponse();
    }

    void send(String bytes) throws IOException {
        tls.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        tls.getOutputStream().flush();
    }

    /** Reads one Content-Length framed response. */
    String readResponse() throws IOException {
        InputStream in = tls.getInputStream();
        String head = readHead(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** The tunnel's decrypted input, for a test that reads a response its own way. */
    InputStream input() throws IOException {
        return tls.getInputStream();
    }

    /** True when the proxy closes the connection (end of stream or reset) before sending another byte. */
    boolean closedByProxy() {
        try {
            return tls.getInputStream().read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        tls.close();
        socket.close();
    }
}
