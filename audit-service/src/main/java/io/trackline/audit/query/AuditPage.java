package io.trackline.audit.query;

import java.util.List;

/** One page of a newest-first listing; {@code next} is null on the last page. */
public record AuditPage(List<AuditRecordView> items, PageCursor next) {
}
