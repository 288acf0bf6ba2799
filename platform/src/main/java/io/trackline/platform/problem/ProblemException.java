package io.trackline.platform.problem;

import java.util.List;

/** Thrown by business code to answer with a problem body; mapped by {@link ProblemExceptionMappers}. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException validation(List<Problem.FieldError> errors) {
        return new ProblemException(Problem.of("validation", "The request is not valid", 400,
                errors.size() + " field(s) failed validation").withErrors(errors));
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of("bad-request", "The request is not valid", 400, detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of("not-found", "Not found", 404, detail));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of("conflict", "Conflict", 409, detail));
    }
}
