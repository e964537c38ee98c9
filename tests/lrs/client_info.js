// Test-only: the client-info endpoint Learning Locker's statements service asks to authenticate each
// request (AUTH_REPO=fetch). It answers 200 with one client record for the right Basic credentials and
// 404 for any other, as Learning Locker's own endpoint does. Listens on 127.0.0.1:AUTH_PORT.
const http = require('http');
const expected = 'Basic ' + Buffer.from(process.env.LRS_KEY + ':' + process.env.LRS_SECRET).toString('base64');
http.createServer((req, res) => {
  if (req.headers.authorization !== expected) {
    res.writeHead(404, {'Content-Type': 'application/json'});
    res.end('{}');
    return;
  }
  res.writeHead(200, {'Content-Type': 'application/json'});
  res.end(JSON.stringify({
    _id: '5f0000000000000000000001', title: 'kiosk tests', isTrusted: true, scopes: ['all'],
    lrs_id: '5f0000000000000000000002', organisation: '5f0000000000000000000003',
    authority: {objectType: 'Agent', name: 'msht-kiosk tests', mbox: 'mailto:kiosk-tests@example.invalid'},
  }));
}).listen(Number(process.env.AUTH_PORT), '127.0.0.1');
