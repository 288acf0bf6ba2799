-- Pruning processed ids by age (ProcessedEventPruner) needs this index.
CREATE INDEX IF NOT EXISTS ix_processed_event_age ON processed_event (processed_at);
