package dev.claudebottle.cli;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** The credential in a bottle's proxy URL ({@code http://user:password@host:port}) as the JDK HttpClient asks for it (a 407). */
final class ProxyCredentials {
    private ProxyCredentials() {}

    static Authenticator of(URI proxy) {
        String info = proxy.getRawUserInfo();
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                if (info == null || getRequestorType() != RequestorType.PROXY) {
                    return null;
                }
                int colon = info.indexOf(':');
                return new PasswordAuthentication(URLDecoder.decode(info.substring(0, colon), StandardCharsets.UTF_8),
                        URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8).toCharArray());
            }
        };
    }
}
