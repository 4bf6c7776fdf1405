package dev.claudebottle.routes.diff;

/**
 * How many automaton states the glob-containment searches of one semantic diff may still visit in
 * total, so that a file full of adversarial path patterns cannot stall the dashboard: once spent,
 * every further question is answered "undecided", which the diff reports conservatively. Not
 * thread-safe; one per diff.
 */
final class SearchBudget {
    /** Enough for any realistic file many times over; about a second of work at worst. */
    static final int PER_DIFF = 200_000;

    private int remaining;

    SearchBudget(int states) {
        this.remaining = states;
    }

    static SearchBudget perDiff() {
        return new SearchBudget(PER_DIFF);
    }

    /** Takes one state from the budget; false once none is left. */
    boolean spend() {
        if (remaining <= 0) {
            return false;
        }
        remaining--;
        return true;
    }
}
