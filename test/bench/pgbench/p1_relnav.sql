\set lo random(1, :nusers - 199)
SELECT u.id, rel_count('users', u.id, 'kins') FROM users u WHERE u.id BETWEEN :lo AND :lo + 199 ORDER BY u.id;
