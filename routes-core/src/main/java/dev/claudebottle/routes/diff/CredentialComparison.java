package dev.claudebottle.routes.diff;

import dev.claudebottle.routes.AuthInjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compares the credential of one route before and after, knowing where each secret was and is
 * sent, so that "the same secret now goes to a route that did not get it" is named as such.
 */
final class CredentialComparison {
    private final CredentialGrants before;
    private final CredentialGrants after;

    CredentialComparison(CredentialGrants before, CredentialGrants after) {
        this.before = before;
        this.after = after;
    }

    List<Aspect> compare(String key, Optional<AuthInjection> old, Optional<AuthInjection> neu) {
        List<Aspect> aspects = new ArrayList<>();
        if (old.isEmpty() && neu.isPresent()) {
            aspects.add(gained(key, neu.get()));
        } else if (old.isPresent() && neu.isEmpty()) {
            aspects.add(new Aspect(ChangeKind.CREDENTIAL_REMOVED, "credential removed: secret "
                    + old.get().secretName() + " is no longer sent (was header " + old.get().header() + ")"));
        } else if (old.isPresent()) {
            AuthInjection was = old.get();
            AuthInjection is = neu.get();
            if (!was.secretName().equals(is.secretName())) {
                aspects.add(secretChanged(key, was, is));
            } else if (!was.header().equalsIgnoreCase(is.header())) {
                aspects.add(new Aspect(ChangeKind.CREDENTIAL_HEADER_CHANGED, "credential header changed from "
                        + was.header() + " to " + is.header() + " (secret " + is.secretName() + ")"));
            }
            if (was.secretName().equals(is.secretName()) && !was.prefix().equals(is.prefix())) {
                aspects.add(new Aspect(ChangeKind.CREDENTIAL_PREFIX_CHANGED, "credential prefix changed from "
                        + Wording.quoted(was.prefix()) + " to " + Wording.quoted(is.prefix())
                        + " (secret " + is.secretName() + ")"));
            }
        }
        return aspects;
    }

    /** A route that injected nothing now injects {@code auth}. */
    Aspect gained(String key, AuthInjection auth) {
        String secret = auth.secretName();
        Set<String> earlier = before.keysSending(secret, key);
        if (earlier.isEmpty()) {
            return new Aspect(ChangeKind.CREDENTIAL_ADDED, "credential added: secret " + secret
                    + " injected as header " + auth.header());
        }
        Set<String> stillSending = after.keysSending(secret, key);
        stillSending.retainAll(earlier);
        if (stillSending.isEmpty()) {
            return new Aspect(ChangeKind.CREDENTIAL_MOVED, "credential moved here from " + Wording.keys(earlier)
                    + ": secret " + secret + ", never sent to this route before, injected as header " + auth.header());
        }
        return new Aspect(ChangeKind.CREDENTIAL_SHARED, "credential shared: secret " + secret
                + ", until now sent only to " + Wording.keys(earlier) + ", also sent here as header " + auth.header());
    }

    private Aspect secretChanged(String key, AuthInjection was, AuthInjection is) {
        StringBuilder sentence = new StringBuilder("credential secret changed from ")
                .append(was.secretName()).append(" to ").append(is.secretName());
        sentence.append(was.header().equalsIgnoreCase(is.header())
                ? " (header " + is.header() + ")"
                : " and header from " + was.header() + " to " + is.header());
        Set<String> earlier = before.keysSending(is.secretName(), key);
        if (!earlier.isEmpty()) {
            sentence.append("; ").append(is.secretName()).append(" was until now sent only to ")
                    .append(Wording.keys(earlier));
        }
        return new Aspect(ChangeKind.CREDENTIAL_SECRET_CHANGED, sentence.toString());
    }
}
