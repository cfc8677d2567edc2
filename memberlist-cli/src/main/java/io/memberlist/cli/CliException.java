package io.memberlist.cli;

/** A runtime failure with a message meant for the user: printed as {@code error: ...}, exit code 1. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
