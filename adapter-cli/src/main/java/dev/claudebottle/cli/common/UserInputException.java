package dev.claudebottle.cli.common;

/** Input the user gave cannot be used (unreadable file, malformed URL): exit code 2. */
public final class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }
}
