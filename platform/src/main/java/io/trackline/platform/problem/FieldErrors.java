package io.trackline.platform.problem;

import java.util.ArrayList;
import java.util.List;

/** Collects every field problem of a request so that one 400 lists them all. */
public final class FieldErrors {

    private final List<Problem.FieldError> errors = new ArrayList<>();

    public FieldErrors add(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
        return this;
    }

    /** Adds {@code message} for {@code field} when {@code ok} is false; returns {@code ok}. */
    public boolean check(boolean ok, String field, String message) {
        if (!ok) {
            add(field, message);
        }
        return ok;
    }

    /** Adds an error for {@code field} when {@code value} contains U+0000 (see {@link NulCharacters}). */
    public boolean checkNoNul(String field, String value) {
        return check(!NulCharacters.in(value), field, NulCharacters.MESSAGE);
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<Problem.FieldError> list() {
        return List.copyOf(errors);
    }

    /** Throws a 400 listing every problem, if there is any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ProblemException.validation(list());
        }
    }
}
