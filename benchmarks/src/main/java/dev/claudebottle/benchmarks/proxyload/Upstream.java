package dev.claudebottle.benchmarks.proxyload;

/**
 * The TLS server every target reaches, with a certificate for {@code localhost} from its own CA: {@code /small} answers
 * 100 bytes, {@code /large/N} answers N bytes, and both answer 401 unless the request carries exactly
 * {@code Authorization: Bearer} {@link #TOKEN} (the credential every proxy injects).
 */
interface Upstream extends AutoCloseable {
    /** The credential every proxy injects; the upstream answers 401 without exactly {@code Bearer TOKEN}. */
    String TOKEN = "bench-token-not-a-real-secret";
    /** The length of the {@code /small} body. */
    int SMALL_BYTES = 100;

    int port();

    /** The PEM of the CA that signed the upstream's certificate. */
    String caPem();

    /** What serves, for the report (e.g. "nginx/1.22.1, 1 process"). */
    String description();

    @Override
    void close() throws Exception;
}
