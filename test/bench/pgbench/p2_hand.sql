\set lo random(1, :nusers - 199)
SELECT u.id, k.full_name FROM users u JOIN kins k ON k.user_id = u.id WHERE u.id BETWEEN :lo AND :lo + 199 AND k.relationship = 'spouse';
