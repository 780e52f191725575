import { storeContract } from '../../server/src/store/storeContract';
import { redisForFile } from '../helpers/redis';

const redis = redisForFile();

// The same contract SqliteStore passes, against a real redis-server.
storeContract('RedisStore', async () => ({
  store: redis.store('contract'),
  reopen: async () => redis.store('contract'),
}));
