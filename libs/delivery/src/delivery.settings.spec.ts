import { deliverySettingsFromEnv, DeliverySettingsError, describeSmtp, retryDelayMs } from './delivery.settings';

describe('pack delivery settings', () => {
  it('is off without SMTP_URL or SMTP_HOST, with the defaults', () => {
    const settings = deliverySettingsFromEnv({});
    expect(settings.smtp).toBeUndefined();
    expect(settings).toMatchObject({ intervalMs: 60_000, maxAttempts: 5, retryBaseMs: 60_000 });
    expect(describeSmtp(settings)).toBe('not configured');
  });

  it('reads SMTP_URL (credentials URL-decoded; smtps means implicit TLS on 465) and never shows the password', () => {
    const settings = deliverySettingsFromEnv({ SMTP_URL: 'smtps://kpi%40dealer:p%40ss%3Aword@mail.dealer.example', SMTP_FROM: 'KPI <kpi@dealer.example>' });
    expect(settings.smtp).toMatchObject({ host: 'mail.dealer.example', port: 465, secure: true, auth: { user: 'kpi@dealer', pass: 'p@ss:word' } });
    expect(settings.smtp?.tls).toEqual({ rejectUnauthorized: true });
    expect(describeSmtp(settings)).toBe('mail.dealer.example:465 (TLS, user kpi@dealer)');
    expect(JSON.stringify(describeSmtp(settings))).not.toContain('p@ss');
  });

  it('reads SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD and the TLS options', () => {
    const settings = deliverySettingsFromEnv({
      SMTP_HOST: 'smtp.dealer.example',
      SMTP_PORT: '587',
      SMTP_USER: 'kpi',
      SMTP_PASSWORD: 'secret',
      SMTP_FROM: 'kpi@dealer.example',
      SMTP_REQUIRE_TLS: 'true',
      SMTP_TLS_REJECT_UNAUTHORIZED: 'false',
      PACK_DELIVERY_MAX_ATTEMPTS: '3',
    });
    expect(settings.smtp).toMatchObject({ host: 'smtp.dealer.example', port: 587, secure: false, requireTLS: true, auth: { user: 'kpi', pass: 'secret' } });
    expect(settings.smtp?.tls).toEqual({ rejectUnauthorized: false });
    expect(settings.maxAttempts).toBe(3);
    expect(describeSmtp(settings)).toBe('smtp.dealer.example:587 (STARTTLS required, user kpi)');
  });

  it('refuses contradictory or invalid settings with every reason, without echoing the password', () => {
    let error: unknown;
    try {
      deliverySettingsFromEnv({ SMTP_URL: 'http://user:hunter2@x', SMTP_HOST: 'y', SMTP_SECURE: 'maybe', PACK_DELIVERY_MAX_ATTEMPTS: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeliverySettingsError);
    const message = (error as Error).message;
    expect(message).toContain('PACK_DELIVERY_MAX_ATTEMPTS must be a whole number from 1 to 50');
    expect(message).toContain('SMTP_SECURE must be true or false');
    expect(message).toContain('set SMTP_URL or SMTP_HOST, not both');
    expect(message).toContain('SMTP_FROM is required');
    expect(message).toContain('SMTP_URL must start with smtp:// or smtps://');
    expect(message).not.toContain('hunter2');
    expect(() => deliverySettingsFromEnv({ SMTP_USER: 'kpi' })).toThrow('SMTP_PORT, SMTP_USER and SMTP_PASSWORD need SMTP_HOST');
  });

  it('backs off exponentially, at most a day', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs({ retryBaseMs: 60_000 }, n))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs({ retryBaseMs: 60_000 }, 30)).toBe(86_400_000);
  });
});
