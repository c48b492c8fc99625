SELECT rel_fetch('issues', 1, 'title, comments(id, body ORDER BY id LIMIT 20 OFFSET 10000)');
