package io.trackline.notification.matrix;

public enum RecipientKind {
    CUSTOMER,
    INTERNAL_TEAMS,
    MANAGEMENT
}
