package dev.claudebottle.mcp;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The HTTP sessions this server keeps, most recently used last, at most a fixed number: the SDK
 * keeps a session until the client deletes it, so a client opening sessions in a loop would
 * otherwise hold the server's memory for ever. Admitting a session over the bound names the least
 * recently used ones, which the caller ends.
 */
final class LiveSessions {
    private final int max;
    private final LinkedHashMap<String, Boolean> byUse = new LinkedHashMap<>(16, 0.75f, true);

    LiveSessions(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one session must be allowed, got " + max);
        }
        this.max = max;
    }

    /** A request of this session arrived: it is now the most recently used (unknown ids are ignored). */
    synchronized void touch(String session) {
        byUse.get(session);
    }

    /** The session was deleted by its client. */
    synchronized void forget(String session) {
        byUse.remove(session);
    }

    /** Takes a new session in; returns the sessions it pushed over the bound, least recently used first. */
    synchronized List<String> admit(String session) {
        byUse.put(session, Boolean.TRUE);
        List<String> evicted = new ArrayList<>();
        Iterator<String> eldest = byUse.keySet().iterator();
        while (byUse.size() - evicted.size() > max && eldest.hasNext()) {
            String candidate = eldest.next();
            if (!candidate.equals(session)) {
                evicted.add(candidate);
            }
        }
        evicted.forEach(byUse::remove);
        return evicted;
    }

    synchronized int size() {
        return byUse.size();
    }
}
