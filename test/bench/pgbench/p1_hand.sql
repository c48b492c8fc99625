\set lo random(1, :nusers - 199)
SELECT u.id, (SELECT count(*) FROM kins k WHERE k.user_id = u.id) FROM users u WHERE u.id BETWEEN :lo AND :lo + 199 ORDER BY u.id;
