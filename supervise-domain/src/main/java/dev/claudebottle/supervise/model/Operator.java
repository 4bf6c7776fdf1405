package dev.claudebottle.supervise.model;

/** The person (or, for expiry, the system) who decided or changed something; recorded in the audit log. */
public record Operator(String name) {
    /** The supervisor itself, for changes no person made (expiry). */
    public static final Operator SYSTEM = new Operator("system");
    /** An auto-approval rule of the operator's policy, acting for the operator; audited as {@code auto-approved}. */
    public static final Operator AUTO = new Operator("auto-approval");

    public Operator {
        if (name == null || name.isBlank() || name.length() > 128 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("an operator name is 1-128 printable characters: " + BottleId.quoted(name));
        }
    }

    public static Operator of(String name) {
        return new Operator(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
