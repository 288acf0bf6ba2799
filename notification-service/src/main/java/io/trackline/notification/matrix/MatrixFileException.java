package io.trackline.notification.matrix;

/** The matrix file is not usable; the message names the file and the line. */
public class MatrixFileException extends RuntimeException {
    public MatrixFileException(String message) {
        super(message);
    }

    public MatrixFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
