/** Update JSON as Telegram sends it (shapes copied from real Bot API payloads). */
let nextUpdateId = 700_000_000;
let nextMessageId = 1;

export const newUpdateId = () => ++nextUpdateId;

function privateChat(chatId: number) {
  return { id: chatId, first_name: 'Lan', last_name: 'Nguyễn', username: 'lan_test', type: 'private' };
}

function user(chatId: number) {
  return { id: chatId, is_bot: false, first_name: 'Lan', last_name: 'Nguyễn', username: 'lan_test', language_code: 'vi' };
}

function baseMessage(chatId: number) {
  return { message_id: nextMessageId++, from: user(chatId), chat: privateChat(chatId), date: Math.floor(Date.now() / 1000) };
}

export function textUpdate(chatId: number, text: string, updateId = newUpdateId()) {
  const command = /^\/\w+(@\w+)?/.exec(text);
  return {
    update_id: updateId,
    message: {
      ...baseMessage(chatId),
      text,
      ...(command ? { entities: [{ offset: 0, length: command[0].length, type: 'bot_command' }] } : {}),
    },
  };
}

export function callbackUpdate(chatId: number, data: string, updateId = newUpdateId()) {
  return {
    update_id: updateId,
    callback_query: {
      id: `4382${updateId}`,
      from: user(chatId),
      message: { ...baseMessage(chatId), from: { id: 123456, is_bot: true, first_name: 'Một Cửa', username: 'motcua_test_bot' }, text: '…' },
      chat_instance: '-5287613384316548963',
      data,
    },
  };
}

export function stickerUpdate(chatId: number, updateId = newUpdateId()) {
  return {
    update_id: updateId,
    message: {
      ...baseMessage(chatId),
      sticker: {
        width: 512,
        height: 512,
        emoji: '👍',
        set_name: 'HotCherry',
        is_animated: true,
        is_video: false,
        type: 'regular',
        file_id: 'CAACAgIAAxkBAAIBQ2Zx',
        file_unique_id: 'AgADmQADUomRIw',
        file_size: 23512,
      },
    },
  };
}

export function photoUpdate(chatId: number, updateId = newUpdateId()) {
  return {
    update_id: updateId,
    message: {
      ...baseMessage(chatId),
      photo: [
        { file_id: 'AgACAgUAAxkBAAIBRGZx-small', file_unique_id: 'AQADs', file_size: 1203, width: 90, height: 67 },
        { file_id: 'AgACAgUAAxkBAAIBRGZx-large', file_unique_id: 'AQADx', file_size: 50211, width: 800, height: 600 },
      ],
      caption: 'giấy tờ của tôi',
    },
  };
}
