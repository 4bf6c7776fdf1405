package dev.claudebottle.routes;

/** The outcome of checking one value: its canonical form, or why it is wrong. */
sealed interface Checked<T> {
    record Ok<T>(T value) implements Checked<T> {}

    record Bad<T>(String message) implements Checked<T> {}

    static <T> Checked<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Checked<T> bad(String message) {
        return new Bad<>(message);
    }
}
