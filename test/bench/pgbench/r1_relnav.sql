\set root random(7, 31)
SELECT * FROM rel_navigate('employees', :root, 'reports+');
