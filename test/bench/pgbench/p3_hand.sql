\set lo random(1, :nusers - 199)
SELECT u.id FROM users u WHERE u.id BETWEEN :lo AND :lo + 199 AND EXISTS (SELECT 1 FROM kins k WHERE k.user_id = u.id AND k.relationship = 'spouse');
