-- A queued message to someone whose data has been erased is cancelled, never sent.
ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_status_check;
ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_status_check
  CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'cancelled'));
