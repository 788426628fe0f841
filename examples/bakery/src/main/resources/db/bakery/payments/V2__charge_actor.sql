-- The service that asked for the charge (the act.sub of a delegated token, or the client itself);
-- requested_by stays the token's sub, the customer when the orders service acts for one.
ALTER TABLE charges ADD COLUMN actor VARCHAR(255);
UPDATE charges SET actor = requested_by;
ALTER TABLE charges ALTER COLUMN actor SET NOT NULL;
