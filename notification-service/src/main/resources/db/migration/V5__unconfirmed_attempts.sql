-- Attempts whose outcome is unknown (a timeout after the request went out, a sender that stopped before recording
-- what happened): bounded by trackline.notification.sender.max-unconfirmed-attempts, so a message is never sent
-- again and again to a provider that takes it but does not answer.
ALTER TABLE notification ADD COLUMN unconfirmed_attempts integer NOT NULL DEFAULT 0;
