package dev.claudebottle.egress;

import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsyncMapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * Reads the client's TLS ClientHello inside a CONNECT tunnel and answers with a leaf for the
 * CONNECT host, but only when the SNI names that same host (or is absent). A different SNI fails
 * the handshake: the request would otherwise be decided for one host and meant for another.
 */
final class InterceptingSniHandler extends SniHandler {

    /** The ClientHello named a different host than CONNECT did. */
    static final class SniMismatch extends Exception {
        private static final long serialVersionUID = 1L;

        SniMismatch(String sni, Authority connect) {
            super("TLS SNI '" + sni + "' does not match the CONNECT host " + connect.host(), null, false, false);
        }
    }

    InterceptingSniHandler(CertificateAuthority ca, Authority connect) {
        super(new AsyncMapping<String, SslContext>() {
            @Override
            public Future<SslContext> map(String sni, Promise<SslContext> promise) {
                if (sni != null && !connect.sameHostAs(sni)) {
                    return promise.setFailure(new SniMismatch(sni, connect));
                }
                try {
                    return promise.setSuccess(ca.serverContextFor(connect.host()));
                } catch (RuntimeException e) {
                    return promise.setFailure(e);
                }
            }
        });
    }
}
