import type { IntentTokens } from '../ports/intent.port';
import type { LexiconSource } from './intent-lexicon';

/**
 * The academy's token lists: the local classifier's defaults for the labels `yes`, `no`,
 * `number_question`, plus three finer hints a scenario may route on: `dnc_request` ("remove me",
 * "don't call again"), `callback_request` ("call later", "I'm at work"), `identity_question`
 * ("who is this?") and `repeat_request` ("say that again", "I can't hear you"). A finer hint that the step does not list in its `labels` counts as its coarser
 * label ({@link DEFAULT_REFINES}), so the academy's 4-label step gets `no` for "شماره منو حذف کنید".
 *
 * Phrases are written in ordinary spelling: they are normalised like the reply (ی/ي, ک/ك, آ/ا,
 * ZWNJ, diacritics, digits), so one spelling per word is enough. Syntax (`*`, `...`): see
 * phrase-pattern.ts. Policy taken from the academy's legacy prompt: "yes" is interest, including
 * any question about the academy (price, place, courses, who is calling); "no" is a decline.
 */
const YES: readonly string[] = [
  // plain assent and its colloquial spellings
  'بله', 'بلی', 'بعله', 'آره', 'آرع', 'آری', 'اوهوم', 'اهوم', 'حتما', 'حتمن', 'البته', 'باشه', 'باشد',
  'اوکی', 'اوکیه', 'اکی', 'حله', 'قبول', 'قبوله', 'موافقم', 'چشم', 'درسته', 'همینطوره', 'جانم', 'عالیه',
  'چرا که نه', 'چرا نه', 'بدم نمیاد', 'بدم نمیومد', 'مشکلی نیست', 'مشکلی نداره', 'اشکال نداره',
  'اشکالی نداره', 'اشکالی نیست', 'ایرادی نداره',
  // "go ahead / I'm listening" — including "نه، بفرمایید" (no [problem], go ahead)
  'بفرمایید', 'بفرما', 'بفرمایین', 'در خدمتم', 'در خدمتیم', 'گوش میدم', 'گوش میکنم', 'بگید', 'بگین',
  'بگو', 'نه بفرمایید', 'نه بگید', 'نه بگین', 'نه بگو',
  // wanting it
  'میخوام', 'میخواستم', 'میخواهم', 'مایلم', 'علاقه دارم', 'علاقه مندم', 'علاقمندم', 'علاقه مند هستم',
  'تمایل دارم', 'دوست دارم', 'خوشحال میشم',
  // the academy: connect me, tell me more, price, place, courses
  'وصل کنید', 'وصلم کنید', 'وصل کنین', 'وصلم کنین', 'وصل کن', 'کارشناس', 'مشاور', 'اپراتور',
  'توضیح بد*', 'توضیح میدید', 'اطلاعات بد*', 'بیشتر بدونم', 'بفرستید', 'بفرستین', 'لینک*', 'سایت*',
  'قیمت*', 'هزینه*', 'شهریه*', 'چنده', 'چقدره', 'چقدر میشه', 'کجاست', 'کجاس', 'کجایید', 'کجا هستید',
  'کجا هستین', 'ادرس*', 'دوره', 'دوره ها', 'کلاس*', 'ثبت نام*', 'مدرک*', 'اساتید*', 'استاداتون', 'ترم*',
  'زبان', 'انگلیسی', 'المانی', 'فرانسه', 'فرانسوی', 'ترکی', 'روسی', 'چینی', 'عربی', 'کره ای', 'ژاپنی',
  'اسپانیایی', 'ایتالیایی', 'ایلتس', 'تافل', 'مکالمه', 'گرامر', 'انلاین*', 'افلاین*', 'حضوری*',
  'غیرحضوری*', 'مهاجرت*', 'تخفیف*', 'قسطی', 'اقساط*', 'جلسه*', 'نمونه تدریس', 'نمونه فیلم',
  'کی شروع میشه', 'چطوری برگزار میشه', 'کجا برگزار میشه',
  // English
  'yes', 'yeah', 'yep', 'yup', 'ok', 'okay', 'okey', 'sure', 'of course', 'why not', 'alright',
  'all right', 'go ahead', 'interested', 'tell me more', 'no problem', 'sounds good', 'definitely',
  'certainly', 'please go on',
];

const NO: readonly string[] = [
  'نه', 'نع', 'ن', 'نچ', 'نخیر', 'نه خیر', 'خیر', 'نه مرسی', 'نه ممنون', 'نه متشکرم', 'نه دستتون درد نکنه',
  'نمیخوام', 'نمیخواهم', 'نمیخوایم', 'نمیخواهیم', 'لازم ندارم', 'لازم نداریم', 'لازم نیست', 'نیاز ندارم',
  'نیاز نداریم', 'نیازی ندارم', 'نیازی نداریم', 'نیازی نیست', 'علاقه ندارم', 'علاقه ای ندارم',
  'علاقه ای ... ندارم', 'علاقه مند نیستم', 'علاقمند نیستم', 'تمایل ندارم', 'تمایلی ندارم', 'مایل نیستم',
  'دوست ندارم', 'اصلا', 'ابدا', 'به هیچ وجه', 'هرگز', 'نمیشه', 'نمیتونم', 'حوصله ندارم', 'حوصلشو ندارم',
  'پول ندارم', 'فعلا نه', 'ولش کن', 'ول کن', 'بیخیال', 'اشتباه گرفتید', 'اشتباه گرفتین', 'اشتباه گرفتی',
  'خودم مدرس*', 'خودم معلم*', 'خودم استاد*',
  'no', 'nope', 'nah', 'no thanks', 'no thank you', 'not interested', 'not really', 'no way', 'never',
  "don't want", 'do not want', 'no need',
];

/** "Call later / not now": the academy treats these as `no`; a scenario may route them apart. */
const CALLBACK: readonly string[] = [
  'بعدا', 'بعد زنگ*', 'بعد تماس*', 'یه وقت دیگه', 'یه روز دیگه', 'یه ساعت دیگه', 'ساعت دیگه', 'فردا زنگ*',
  'فردا تماس*', 'الان نه', 'الان نمیتونم*', 'نمیتونم صحبت کنم', 'نمیتونم حرف بزنم', 'وقت ندارم',
  'وقتشو ندارم', 'سرکارم', 'سر کارم', 'اداره ام', 'محل کارم', 'سر کلاسم', 'سر جلسه*', 'مشغولم', 'درگیرم',
  'رانندگی میکنم', 'پشت فرمون*', 'busy', 'call me later', 'call later', 'call back', 'later', 'not now',
];

/** "Remove me / don't call again": the academy treats these as `no`; the scenario may add to DNC. */
const DNC: readonly string[] = [
  'شماره ... حذف*', 'شمارمو ... حذف*', 'شمارم ... حذف*', 'شماره ... پاک*', 'شمارمو ... پاک*', 'حذفم کن*',
  'پاکم کن*', 'زنگ نزن*', 'تماس نگیر*', 'مزاحم نش*', 'مزاحمم نش*',
  'remove me', 'remove my number', "don't call", 'do not call', 'stop calling', 'take me off',
];

/** "Where did you get my number?" — the academy plays its `number` prompt and asks again. */
const NUMBER_QUESTION: readonly string[] = [
  'شماره ... از کجا', 'شمارمو ... از کجا', 'شمارم ... از کجا', 'از کجا ... شماره', 'از کجا ... شمارمو',
  'از کجا ... شمارم', 'از کجا اورد*', 'از کجا پیدا کرد*', 'از کجا گیر اورد*', 'از کجا منو میشناس*',
  'شماره ... کی ... داد*', 'شمارمو ... کی ... داد*', 'کی ... شماره ... داد*', 'کی ... شمارمو ... داد*',
  'چطور* ... شماره', 'چطور* ... شمارمو', 'شماره ... چطور*',
  'where did you get ... number', 'where ... get ... number', 'how ... get ... number',
  'who gave you ... number',
];

/** "Who is this?" — for the academy a question about the caller is interest (`yes`). */
const IDENTITY_QUESTION: readonly string[] = [
  'کی هستین', 'کی هستید', 'کی هستی', 'شما کی', 'از کجا زنگ*', 'از کجا تماس*', 'از طرف کی', 'از طرف کجا',
  'کدوم اموزشگاه', 'کدوم موسسه', 'کدوم شرکت', 'اسم اموزشگاه*', 'اموزشگاه*', 'موسسه*', 'بفرمایید شما',
  'who is this', 'who are you', 'who is calling', "who's calling", 'who is it', 'what company',
];

/**
 * "Say that again / I can't hear you": not an answer. These phrases count as the fallback label
 * (`unknown`) and, being longer, keep the "بگید" inside "دوباره بگید" from counting as yes.
 */
const REPEAT_REQUEST: readonly string[] = [
  'دوباره بگ*', 'یه بار دیگه بگ*', 'یک بار دیگه بگ*', 'یبار دیگه بگ*', 'تکرار کن*', 'بلندتر بگ*',
  'چی گفتی*', 'متوجه نشدم', 'نشنیدم', 'نمیشنوم', 'صدا نمیاد', 'صداتون نمیاد', 'صدات نمیاد', 'صدا قطع*',
  'say again', 'say that again', 'repeat', 'pardon', 'what did you say', "didn't catch",
];

/** Politeness that declines when said alone ("ممنون") but not next to a clear answer ("بله ممنون"). */
const WEAK_NO: readonly string[] = [
  'ممنون', 'مرسی', 'متشکرم', 'سپاس', 'دستتون درد نکنه', 'خداحافظ', 'خدافظ', 'خدانگهدار', 'شرمنده',
  'متاسفم', 'thanks', 'thank you', 'bye', 'goodbye',
];

export const DEFAULT_INTENT_TOKENS: IntentTokens = {
  yes: YES,
  no: NO,
  number_question: NUMBER_QUESTION,
  dnc_request: DNC,
  callback_request: CALLBACK,
  identity_question: IDENTITY_QUESTION,
  repeat_request: REPEAT_REQUEST,
};

export const DEFAULT_WEAK_TOKENS: IntentTokens = { no: WEAK_NO };

/** A finer label → the coarser label it counts as when the step does not list the finer one. */
export const DEFAULT_REFINES: Readonly<Record<string, string>> = {
  dnc_request: 'no',
  callback_request: 'no',
  identity_question: 'yes',
  repeat_request: 'unknown',
};

/** Everything the classifier starts from; per-scenario tokens are merged into a copy of it. */
export const DEFAULT_TOKEN_SET: LexiconSource = {
  strong: DEFAULT_INTENT_TOKENS,
  weak: DEFAULT_WEAK_TOKENS,
  refines: DEFAULT_REFINES,
};
