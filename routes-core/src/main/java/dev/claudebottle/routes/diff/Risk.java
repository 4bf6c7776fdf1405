package dev.claudebottle.routes.diff;

/**
 * How much a routes change can expose, from {@link #LOW} (narrows or only rewords) to {@link #HIGH}
 * (a credential, private addresses or a wildcard host). Declared in increasing order, so
 * {@code compareTo} and {@code max} work. The policy that assigns it is in docs/routes-diff.md.
 */
public enum Risk {
    LOW,
    MEDIUM,
    HIGH;

    static Risk max(Risk a, Risk b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
