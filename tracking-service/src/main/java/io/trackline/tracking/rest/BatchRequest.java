package io.trackline.tracking.rest;

import java.util.List;

public record BatchRequest(List<MilestoneUpdate> events) {
}
