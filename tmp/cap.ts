import { startApp } from '../test/support/app.js';
const r = await startApp();
const sid = 'web:cap-1';
for (const text of ['Lệ phí đăng ký khai sinh', 'để lại câu hỏi cho cán bộ', 'Số tôi 0912 345 678, hồ sơ 000.00.12.H56-261020-0031 sao chưa xong?', 'gửi']) {
  const res = await r.app.assistant.ask({ text, sessionId: sid, channel: 'web' });
  console.log('>', text, '\n  ', res.intent, res.confidence.toFixed(2), res.reply.split('\n')[0].slice(0, 100));
}
for (const text of ['để lại câu hỏi cho cán bộ', 'Hồ sơ của tôi quá hạn rồi, bao giờ có kết quả?', 'gửi']) {
  const res = await r.app.assistant.ask({ text, sessionId: 'web:cap-2', channel: 'web' });
  console.log('>', text, '\n  ', res.intent, res.confidence.toFixed(2), res.reply.split('\n')[0].slice(0, 100));
}
await r.close();
