-- An ExceptionResolved can arrive before the ExceptionRaised it names (they come from different producers): the
-- resolution is kept, with no raised_at until the exception itself arrives, which is then born resolved.
ALTER TABLE order_exception ALTER COLUMN raised_at DROP NOT NULL;
