import type { Page } from './http';
import { fold } from './http';

/** One answer as a reader finds it: under which heading, next to which question. */
export interface ShownAnswer {
  section: string;
  question: string;
  answer: string;
}

/** Every question -> answer row of the review page (`dl.portal-summary`), with its section heading. */
export function reviewAnswers($: Page): ShownAnswer[] {
  return $('dl.portal-summary > div')
    .toArray()
    .map((row) => {
      const section = $(row).closest('section');
      return {
        section: fold(section.find('h2').first().text()),
        question: fold($(row).children('dt').text()),
        // Several options chosen are a list, read as the PDF prints them: "• one • other".
        answer: $(row).find('dd .portal-summary__items li').length
          ? $(row)
              .find('dd li')
              .toArray()
              .map((item) => `• ${fold($(item).text())}`)
              .join(' ')
          : fold($(row).children('dd').text()),
      };
    });
}

/** The rows of one section, as [question, answer] pairs in page order. */
export function answersIn(answers: ShownAnswer[], section: string): [string, string][] {
  return answers
    .filter((answer) => answer.section === section)
    .map((answer) => [answer.question, answer.answer]);
}
