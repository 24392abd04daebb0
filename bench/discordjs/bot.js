// The smallest discord.js bot that answers slash commands: the baseline discord_bench --against-discordjs measures.
'use strict';

const { Client, Events, GatewayIntentBits, MessageFlags } = require('discord.js');

// Where the fake Discord listens, e.g. https://127.0.0.1:PORT/api (discord.js adds /v10).
const api = process.env.DISCORD_API;
const token = process.env.DISCORD_TOKEN;
if (!api || !token) {
  console.error('bot.js needs DISCORD_API and DISCORD_TOKEN');
  process.exit(2);
}

const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api },
});

client.once(Events.ClientReady, () => {
  // The bench waits for this line before it sends load.
  process.stdout.write('ready\n');
});

// Nothing but an ephemeral reply, as mentorbot answers: discord.js's best case.
client.on(Events.InteractionCreate, (interaction) => {
  if (!interaction.isChatInputCommand()) return;
  interaction.reply({ content: 'Noted.', flags: MessageFlags.Ephemeral }).catch((error) => {
    console.error(`reply failed: ${error.message}`);
  });
});

process.on('SIGTERM', () => {
  client.destroy().finally(() => process.exit(0));
});

client.login(token).catch((error) => {
  console.error(`login failed: ${error.message}`);
  process.exit(1);
});
