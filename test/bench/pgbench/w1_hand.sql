\set uid random(1, :nusers)
SELECT to_jsonb(k) FROM kins k WHERE user_id = :uid ORDER BY id;
