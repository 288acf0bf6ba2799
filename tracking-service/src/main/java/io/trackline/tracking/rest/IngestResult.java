package io.trackline.tracking.rest;

import io.trackline.platform.problem.Problem;

import java.util.List;

/** What an ingest call accepted (with the event ids) and, for a batch, which entries it rejected and why. */
public record IngestResult(List<Accepted> accepted, List<Rejected> rejected) {

    public record Accepted(int index, String eventId, String trackingNumber) {
    }

    public record Rejected(int index, List<Problem.FieldError> errors) {
    }
}
