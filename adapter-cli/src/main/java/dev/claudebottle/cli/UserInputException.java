package dev.claudebottle.cli;

/** Input the user gave cannot be used (unreadable file, malformed URL): exit code 2. */
final class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserInputException(String message) {
        super(message);
    }
}
