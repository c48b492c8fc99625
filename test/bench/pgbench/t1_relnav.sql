\set root random(32, 156)
SELECT rel_fetch('employees', :root, 'name, reports+(name)');
